/** One parsed SSE event block: its fields as sent. */
export interface RawSseEvent {
  id?: string;
  event?: string;
  data?: string;
  retry?: string;
}

/** Reads a raw `GET` response as text until `done(text)` holds or the body ends, then aborts it. */
export async function readStream(
  url: string,
  headers: Record<string, string>,
  done: (text: string) => boolean,
  timeoutMs = 2_000,
): Promise<{ status: number; contentType: string | null; text: string }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const res = await fetch(url, { headers, signal: controller.signal });
  const decoder = new TextDecoder();
  let text = '';
  try {
    const reader = res.body!.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      text += decoder.decode(read.value, { stream: true });
      if (done(text)) break;
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return { status: res.status, contentType: res.headers.get('content-type'), text };
}

/** Splits SSE text into events (comment lines dropped, one value per field). */
export function parseSseEvents(text: string): RawSseEvent[] {
  return text
    .split('\n\n')
    .map((block) => block.split('\n').filter((line) => line !== '' && !line.startsWith(':')))
    .filter((lines) => lines.length > 0)
    .map((lines) =>
      Object.fromEntries(
        lines.map((line) => {
          const colon = line.indexOf(':');
          return [line.slice(0, colon), line.slice(colon + 1).replace(/^ /, '')];
        }),
      ),
    );
}
