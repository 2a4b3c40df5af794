// zh-CN wording for text people type or files carry: the characters it may not hold.

export const inputText = {
  control: (code: string, position: number) => `含有不可见的控制字符 ${code}（第 ${position} 个字符），请删除后重试`,
  bidi: (code: string, position: number) => `含有改变文字显示方向的不可见字符 ${code}（第 ${position} 个字符），请删除后重试`,
  lineBreak: (position: number) => `不能换行（第 ${position} 个字符是换行符），请写在一行内`,
  /** A mapping's key (a plan part, a profile field name) with one of the characters above. */
  inKey: (problem: string) => `有一个字段名${problem}`,
};
