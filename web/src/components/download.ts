import { asProblem, authorization, type Problem } from '../api/client';
import { localProblem } from './problem';

/**
 * Fetches what the bearer token may read and hands it to the browser as a file: a plain link
 * cannot carry the token, and a token in a URL would be logged.
 */
export async function downloadFile(url: string, accept: string, fileName: string): Promise<Problem | undefined> {
  try {
    const response = await fetch(url, { headers: { ...authorization(), Accept: accept } });
    if (!response.ok) return asProblem(await response.json().catch(() => undefined), response);
    const objectUrl = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = objectUrl;
    link.download = fileName;
    link.click();
    URL.revokeObjectURL(objectUrl);
    return undefined;
  } catch {
    return localProblem('The API could not be reached', 'Try the download again.');
  }
}
