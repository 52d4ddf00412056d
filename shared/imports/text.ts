/**
 * What Windows-1252 puts at 0x80–0x9F (€, ’, œ, …), where Latin-1 has control characters.
 * Node 20's TextDecoder('windows-1252') decodes those bytes as Latin-1, so they are mapped here.
 */
const WINDOWS_1252 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/**
 * A text file's bytes as text: UTF-8 (with or without a byte order mark), or else Windows-1252,
 * the encoding French Excel uses for "CSV (séparateur : point-virgule)".
 */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    let text = '';
    for (const byte of bytes) {
      text += byte >= 0x80 && byte <= 0x9f ? WINDOWS_1252[byte - 0x80] : String.fromCharCode(byte);
    }
    return text;
  }
}
