// What `anwei start` says when the Temporal dev server exits before it is ready (client/temporal.ts
// devServerFailure), from what the server printed. The outputs are verbatim from temporal 1.9.1 here: its web
// UI's port taken after the server had checked it (a fatal line on stdout, exit 1, nothing on stderr — what
// made CI red on 2026-12-04), and the same port taken before it started (its own check, on stderr).

import { describe, expect, it } from 'vitest';
import { devServerFailure } from '../../client/temporal.ts';

const UI_TAKEN_WHILE_STARTING =
  '{"time":"2026-12-04T13:16:44.072340493Z","level":"FATAL","prefix":"echo","file":"server.go","line":"155","message":"listen tcp 127.0.0.1:47363: bind: address already in use"}';
const UI_TAKEN_BEFORE = 'Error: can\'t set UI port 47363: listen tcp 127.0.0.1:47363: bind: address already in use';

describe('a dev server that exits before it is ready', () => {
  it('names the port another program took, with what the server said', () => {
    for (const output of [UI_TAKEN_WHILE_STARTING, UI_TAKEN_BEFORE]) {
      const said = devServerFailure(1, output);
      expect(said).toContain('Temporal 开发服务器启动失败：端口 47363 在它启动时被别的程序占用了');
      expect(said).toContain('ANWEI_TEMPORAL_UI_PORT');
      expect(said).toContain(output);
    }
  });

  it('quotes any other failure, and says so when the server said nothing', () => {
    expect(devServerFailure(1, 'Error: failed starting server: failed checking dir for database file: stat /proc/nonexist: no such file or directory')).toBe(
      'Temporal 开发服务器启动失败（退出码 1）：Error: failed starting server: failed checking dir for database file: stat /proc/nonexist: no such file or directory',
    );
    expect(devServerFailure(1, '')).toBe('Temporal 开发服务器启动失败（退出码 1）：（它没有输出任何内容）');
  });
});
