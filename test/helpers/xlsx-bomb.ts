import { constants, crc32, deflateRawSync } from 'node:zlib';

/** One file of a ZIP: its bytes as stored (deflated), the size its headers declare, and its CRC. */
interface Part {
  name: string;
  deflated: Buffer;
  declaredSize: number;
  crc: number;
}

const part = (name: string, xml: string): Part => {
  const bytes = Buffer.from(xml);
  return { name, deflated: deflateRawSync(bytes), declaredSize: bytes.length, crc: crc32(bytes) };
};

/** A ZIP (no data descriptors, no ZIP64) of the parts, as an XLSX package is. */
function zip(parts: readonly Part[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(p.crc, 14);
    local.writeUInt32LE(p.deflated.length, 18);
    local.writeUInt32LE(p.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(p.crc, 16);
    central.writeUInt32LE(p.deflated.length, 20);
    central.writeUInt32LE(p.declaredSize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, p.deflated);
    centrals.push(central, name);
    offset += local.length + name.length + p.deflated.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const SST_UNIT = '<si><t>abcdefgh</t></si>';
const MB_OF_STRINGS = SST_UNIT.repeat(Math.floor(1_048_576 / SST_UNIT.length));

/**
 * A small XLSX whose shared strings inflate to `megabytes` MB (a million strings every 24 MB):
 * a 1 MB block of strings deflated once with a full flush (which makes the block independent of
 * what came before) and repeated. `declaredMegabytes` is the size its headers claim; a lying
 * package claims less than it holds. The strings part never ends (the upload must stop first)
 * and its CRC is not computed.
 */
export function sharedStringsBomb(megabytes: number, declaredMegabytes = megabytes): Buffer {
  const head = deflateRawSync(Buffer.from('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'), { finishFlush: constants.Z_FULL_FLUSH });
  const block = deflateRawSync(Buffer.from(MB_OF_STRINGS), { finishFlush: constants.Z_FULL_FLUSH });
  const last = Buffer.from([0x03, 0x00]);
  const strings: Part = {
    name: 'xl/sharedStrings.xml',
    deflated: Buffer.concat([head, ...Array.from({ length: megabytes }, () => block), last]),
    declaredSize: Math.min(0xffff_fffe, Math.round(declaredMegabytes * 1_048_576)),
    crc: 0,
  };
  return zip([
    part('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    part('xl/workbook.xml', '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    part('xl/_rels/workbook.xml.rels', '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
    part('xl/worksheets/sheet1.xml', '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>'),
    strings,
  ]);
}
