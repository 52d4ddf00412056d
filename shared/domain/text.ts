// Characters no free text may carry: control characters (C0, DEL, C1) and the bidirectional
// overrides and isolates (U+202A–U+202E, U+2066–U+2069). Invisible, they can make a name or a
// reason read differently from what it holds, in the pages, the exports and the history.

export function isControlOrBidi(character: string): boolean {
  const code = character.codePointAt(0) ?? 0;
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

export function hasControlOrBidi(text: string): boolean {
  for (const character of text) if (isControlOrBidi(character)) return true;
  return false;
}
