export interface StreamEvent {
  event: string;
  id?: string;
  data: any;
}

/** A server-sent-events client: every event as it arrives, until the server ends the stream or it is closed. */
export interface EventStream {
  status: number;
  contentType: string | null;
  events: StreamEvent[];
  alerts(): any[];
  /** settles when the server has ended the stream (or it was closed) */
  ended: Promise<void>;
  close(): Promise<void>;
}

export async function openEventStream(url: string, headers: Record<string, string>): Promise<EventStream> {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: controller.signal,
  });
  const events: StreamEvent[] = [];
  const ended = (async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = block.split('\n').filter((line) => !line.startsWith(':'));
          const value = (name: string) =>
            fields
              .find((line) => line.startsWith(`${name}:`))
              ?.slice(name.length + 1)
              .trim();
          const data = value('data');
          if (value('event') || data)
            events.push({
              event: value('event') ?? 'message',
              id: value('id'),
              data: data ? JSON.parse(data) : undefined,
            });
        }
      }
    } catch (error) {
      if ((error as Error).name !== 'AbortError') throw error;
    }
  })();
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    events,
    alerts: () => events.filter((event) => event.event === 'alert').map((event) => event.data),
    ended,
    async close() {
      controller.abort();
      await ended;
    },
  };
}
