// Evidence files (contract §7), the pure parts: how a file's name is kept, offered and recorded in the history,
// how a photo's EXIF time and place read, and how a size reads.

import { describe, expect, it } from 'vitest';
import { fileSize, place } from '../../domain/text/ledger.ts';
import { contentDisposition, exifTime } from '../../web/evidence.ts';
import { attachmentLine, nameForType, uploadedName } from '../../web/uploads.ts';

describe('an evidence file’s name', () => {
  it('is kept as uploaded, without any folder a browser put before it, control characters, or the form encoding of quotes and line breaks', () => {
    expect(uploadedName('现场照片.jpg')).toBe('现场照片.jpg');
    expect(uploadedName('C:\\Users\\王\\Desktop\\整改前.jpg')).toBe('整改前.jpg');
    expect(uploadedName('../../etc/passwd')).toBe('passwd');
    expect(uploadedName('report %22final%22.pdf')).toBe('report "final".pdf');
    expect(uploadedName('a%0D%0Ab.pdf')).toBe('ab.pdf');
    expect(uploadedName('a\u0000b\u001f.pdf')).toBe('ab.pdf');
    expect(uploadedName('  ')).toBe('');
    expect([...uploadedName(`${'照'.repeat(300)}.jpg`)]).toHaveLength(200);
  });

  it('is offered in RFC 5987 form with an ASCII stand-in: photos shown in the page, documents downloaded', () => {
    expect(contentDisposition('现场照片.jpg', 'image/jpeg')).toBe(`inline; filename="____.jpg"; filename*=UTF-8''%E7%8E%B0%E5%9C%BA%E7%85%A7%E7%89%87.jpg`);
    expect(contentDisposition(`it's (1) *.pdf`, 'application/pdf')).toBe(`attachment; filename="it_s__1___.pdf"; filename*=UTF-8''it%27s%20%281%29%20%2A.pdf`);
    expect(contentDisposition('.htaccess', 'application/msword')).toBe(`attachment; filename="htaccess"; filename*=UTF-8''.htaccess`);
    expect(contentDisposition('"";\r\n.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')).not.toMatch(/filename="[^"]*"[^;]*"/);
  });

  it('is named in the action’s history', () => {
    expect(attachmentLine(['a.jpg', '检测报告.pdf'])).toBe('附件：a.jpg、检测报告.pdf');
  });
});

describe('a photo’s own facts and a file’s size', () => {
  it('read the camera’s capture time as it wrote it, and nothing from a blank or malformed one', () => {
    expect(exifTime('2030:09:03 10:15:00')).toBe('2030-09-03 10:15:00');
    expect(exifTime('0000:00:00 00:00:00')).toBeUndefined();
    expect(exifTime('    ')).toBeUndefined();
    expect(exifTime(new Date())).toBeUndefined();
  });

  it('read a place in degrees with its hemisphere, and a size in B, KB or MB', () => {
    expect(place(30.25, 120.1666667)).toBe('北纬30.25000° 东经120.16667°');
    expect(place(-33.9, -70.6)).toBe('南纬33.90000° 西经70.60000°');
    expect(fileSize(812)).toBe('812 B');
    expect(fileSize(36_045)).toBe('35.2 KB');
    expect(fileSize(20 * 1024 * 1024)).toBe('20.0 MB');
  });
});

describe('the name a file is offered under', () => {
  it('drops format characters that turn a name around, and takes the ending of the type its content was read as', () => {
    expect(uploadedName('报告\u202Egpj.exe')).toBe('报告gpj.exe');
    expect(nameForType('整改报告.hta', 'application/pdf')).toBe('整改报告.pdf');
    expect(nameForType('x.jar', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')).toBe('x.docx');
    expect(nameForType('现场.JPEG', 'image/jpeg')).toBe('现场.JPEG');
    expect(nameForType('现场.jpg', 'image/png')).toBe('现场.png');
    expect(nameForType('月报', 'application/pdf')).toBe('月报.pdf');
    expect(nameForType('', 'image/jpeg')).toBe('佐证材料.jpg');
  });
});
