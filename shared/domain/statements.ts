// A monthly statement is a thing with an identity: the same file posted twice is one statement
// (its id is the file's hash), two different files are two statements even when they hold equal
// lines, and each line's id follows from its statement and its line number — so that posting a
// file again, whole or after a crash, finds the lines already written and counts none twice.

/** The statement a file is: derived from the file's hash. */
export function statementIdOf(fileHash: string): string {
  return `ST${fileHash.slice(0, 30).toUpperCase()}`;
}

/** The id of the line at `lineNumber` (the header is line 1) of a statement. */
export function statementLineId(
  statementId: string,
  lineNumber: number,
  hash: (text: string) => string,
): string {
  return `S${hash(`${statementId}#${lineNumber}`).slice(0, 31).toUpperCase()}`;
}
