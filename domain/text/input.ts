// zh-CN wording for text people type or files carry: the characters it may not hold.

export const inputText = {
  control: (code: string, position: number) => `含有不可见的控制字符 ${code}（第 ${position} 个字符），请删除后重试`,
  bidi: (code: string, position: number) => `含有改变文字显示方向的不可见字符 ${code}（第 ${position} 个字符），请删除后重试`,
  lineBreak: (position: number) => `不能换行（第 ${position} 个字符是换行符），请写在一行内`,
  /** A mapping's key (a plan part, a profile field name) with one of the characters above. */
  inKey: (problem: string) => `有一个字段名${problem}`,
  /** A YAML key typed `town:青山镇` or `town：青山镇` (domain/yaml-colons.ts). */
  colonSlip: (written: string, meant: string, fullWidth: boolean) =>
    `YAML 语法错误：“${written}”${fullWidth ? '应使用半角冒号“:”，冒号后须有空格' : '冒号后须有空格'}，应写成“${meant}”`,
};

/** A file the person named on the command line (`--out`), and why it cannot or may not be written. */
export const outputFileText = {
  folderMissing: (option: string, path: string, folder: string) => `${option} ${path}: 文件夹 ${folder} 不存在，请先建立它，或写到已有的文件夹中`,
  notAFolder: (option: string, path: string, folder: string) => `${option} ${path}: ${folder} 不是文件夹`,
  isAFolder: (option: string, path: string, example: string) => `${option} ${path}: 这是一个文件夹，请写出要保存的文件名，如 ${example}`,
  exists: (option: string, path: string) => `${option} ${path}: 文件已存在；要覆盖它，请加上 --force`,
  notAFile: (option: string, path: string) => `${option} ${path}: 已存在且不是普通文件，不能覆盖`,
  noPermission: (option: string, path: string, folder: string) => `${option} ${path}: 没有在文件夹 ${folder} 中写入文件的权限`,
};
