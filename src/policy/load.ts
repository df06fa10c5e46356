import fs from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { schemaProblems, type PolicyProfile, type ProfileProblem } from './profile';
import { defaultProblems, quoteProblems } from './provenance-checks';

/**
 * Reads policy profiles from a folder: each `*.yaml`, `*.yml` or `*.json` file is one profile, and
 * the policy texts its provenance quotes are in the folder's `documents/`. A file is either a
 * profile with no problem at all or refused with every problem found; never half of one.
 */

export const PROFILE_FILE = /\.(ya?ml|json)$/;
export const DOCUMENTS_FOLDER = 'documents';

export interface LoadedProfile {
  file: string;
  profile: PolicyProfile;
}

export interface RefusedProfile {
  file: string;
  problems: ProfileProblem[];
}

export type ProfileFile = LoadedProfile | RefusedProfile;

export class ProfileFolderError extends Error {
  constructor(folder: string, reason: string) {
    super(`policy profile folder ${folder}: ${reason}`);
    this.name = 'ProfileFolderError';
  }
}

/** YAML (JSON is YAML too): a syntax error is a problem at the document's root, with its line. */
function parseFile(text: string): { value: unknown } | { problems: ProfileProblem[] } {
  // uniqueKeys: a key given twice is an error, never the last one silently winning.
  const document = parseDocument(text, { uniqueKeys: true });
  if (document.errors.length === 0) return { value: document.toJS() };
  return {
    problems: document.errors.map((error) => ({
      path: '$',
      // The first line of the message names the line and column; the rest quotes the file.
      message: error.message.split('\n')[0]!.replace(/:$/, ''),
    })),
  };
}

/** The named documents that exist beside the profile, and a problem for each that does not. */
function readDocuments(profile: unknown, documentsDir: string) {
  const texts = new Map<string, string>();
  const problems: ProfileProblem[] = [];
  const names =
    typeof profile === 'object' && profile !== null && 'policyDocuments' in profile ? profile.policyDocuments : [];
  (Array.isArray(names) ? names : []).forEach((name: unknown, index) => {
    if (typeof name !== 'string' || name === '') return; // the schema reports it
    const at = `$.policyDocuments[${index}]`;
    if (path.basename(name) !== name || name.startsWith('.')) {
      problems.push({ path: at, message: `name the document by its file name in ${DOCUMENTS_FOLDER}/` });
      return;
    }
    try {
      texts.set(name, fs.readFileSync(path.join(documentsDir, name), 'utf8'));
    } catch {
      problems.push({ path: at, message: `no such document in ${DOCUMENTS_FOLDER}/ beside the profile` });
    }
  });
  return { texts, problems };
}

/** One profile file, checked against the schema, its policy documents and the platform defaults. */
export function checkProfileFile(file: string): ProfileFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    return {
      file,
      problems: [{ path: '$', message: `cannot read the file (${(error as NodeJS.ErrnoException).code})` }],
    };
  }
  const parsed = parseFile(text);
  if ('problems' in parsed) return { file, problems: parsed.problems };
  const documents = readDocuments(parsed.value, path.join(path.dirname(file), DOCUMENTS_FOLDER));
  const checked = schemaProblems(parsed.value);
  const problems = [
    ...('problems' in checked ? checked.problems : []),
    ...documents.problems,
    ...quoteProblems(parsed.value, documents.texts),
    ...defaultProblems(parsed.value),
  ];
  return problems.length === 0 && 'profile' in checked ? { file, profile: checked.profile } : { file, problems };
}

/** Every profile file of a folder, in file-name order; a folder that cannot be read is an error, not an empty list. */
export function checkProfileFolder(folder: string): ProfileFile[] {
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch (error) {
    throw new ProfileFolderError(folder, `cannot be read (${(error as NodeJS.ErrnoException).code})`);
  }
  return names
    .filter((name) => PROFILE_FILE.test(name))
    .sort()
    .map((name) => checkProfileFile(path.join(folder, name)));
}
