import type { HeaderLine } from '../../protocol';
import { headerNote } from './header-notes';

/**
 * One side of the upgrade exchange as a raw HTTP message: the start line and every header in
 * order, with the headers that matter to WebSocket highlighted and explained underneath.
 */
export function HttpMessage(props: {
  side: 'request' | 'response';
  title: string;
  startLine: string;
  headers: HeaderLine[];
}) {
  return (
    <figure class="wsh-http" data-side={props.side}>
      <figcaption class="wsh-http__title">{props.title}</figcaption>
      <div class="wsh-http__body">
        <div class="wsh-http__line wsh-http__start">{props.startLine}</div>
        {props.headers.map(([name, value], index) => {
          const note = headerNote(props.side, name);
          return (
            <div
              key={index}
              class={note ? 'wsh-http__line wsh-http__line--key' : 'wsh-http__line'}
              data-header={name.toLowerCase()}
            >
              <span class="wsh-http__name">{name}</span>: {value}
              {note && <span class="wsh-http__note">↳ {note}</span>}
            </div>
          );
        })}
      </div>
    </figure>
  );
}
