// Builds dist/workflow-bundle.js (run by the setup script after compiling).

import { buildWorkflowBundle, defaultBundlePath } from '../worker/bundle.ts';

const built = await buildWorkflowBundle();
console.log(`anwei 准备: 工作流代码包 ${built ? '已生成' : '无变化，跳过'}（${defaultBundlePath()}）`);
