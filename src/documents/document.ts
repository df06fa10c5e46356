/**
 * What a case may hold as a document: photos of damage, a police letter, a signed consent form. Each
 * type is recognised by its first bytes too, so a file cannot pass as a type it is not.
 */
const SIGNATURES = {
  'application/pdf': [Buffer.from('%PDF-')],
  'image/jpeg': [Buffer.from([0xff, 0xd8, 0xff])],
  'image/png': [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
} as const;

export type DocumentContentType = keyof typeof SIGNATURES;
export const DOCUMENT_CONTENT_TYPES = Object.keys(SIGNATURES) as DocumentContentType[];

/** The allowed type a Content-Type header names (parameters such as charset ignored), or undefined. */
export function documentContentType(header: string | undefined): DocumentContentType | undefined {
  const type = header?.split(';')[0]?.trim().toLowerCase();
  return DOCUMENT_CONTENT_TYPES.find((allowed) => allowed === type);
}

/** Whether the bytes begin as a file of that type does. */
export const looksLike = (type: DocumentContentType, bytes: Buffer): boolean =>
  SIGNATURES[type].some((signature) => bytes.subarray(0, signature.length).equals(signature));

export interface CaseDocument {
  documentId: string;
  caseId: string;
  /** the note it is attached to, if any */
  noteId?: string;
  contentType: DocumentContentType;
  byteSize: number;
  /** of the bytes as uploaded, hex */
  sha256: string;
  uploadedAt: string;
  by: string;
  byRole: string;
}
