import type { ComponentChildren } from 'preact';
import type { ConnectionState } from '../../transports';
import { ConnectionBadge } from './ConnectionBadge';
import { OfflineNotice } from './OfflineNotice';
import { ServerSettings } from './ServerSettings';
import './widgets.css';

/**
 * The outside of every live widget: the testability contract (`data-widget`, `data-state`), a
 * title, the connection badge, the offline/error notice and the server setting.
 */
export function WidgetFrame(props: {
  widget: string;
  title: string;
  state: ConnectionState;
  detail?: string;
  serverUrl: string;
  children: ComponentChildren;
}) {
  return (
    <section
      class="tr-widget not-content"
      data-widget={props.widget}
      data-state={props.state}
      aria-label={props.title}
    >
      <header class="tr-widget__header">
        <h3 class="tr-widget__title">{props.title}</h3>
        <ConnectionBadge state={props.state} />
      </header>
      <OfflineNotice state={props.state} detail={props.detail} serverUrl={props.serverUrl} />
      {props.children}
      <ServerSettings serverUrl={props.serverUrl} />
    </section>
  );
}

/** What a widget's state tells its frame: the connection and, when it failed, why. */
export interface FramedState {
  connection: ConnectionState;
  detail?: string;
}

/**
 * A widget's frame bound to its id and title. Its `state` is null while the widget's store does
 * not exist yet (the first render, before the island starts its client): it shows as connecting.
 * Widgets bound to one channel (the polling ones) name it under the title.
 */
export function frameFor(widget: string, title: string) {
  return function Frame(props: {
    state: FramedState | null;
    serverUrl: string;
    channel?: string;
    children?: ComponentChildren;
  }) {
    return (
      <WidgetFrame
        widget={widget}
        title={title}
        state={props.state?.connection ?? 'connecting'}
        detail={props.state?.detail}
        serverUrl={props.serverUrl}
      >
        {props.channel !== undefined && (
          <p class="tr-widget__channel">
            Canal: <code data-channel={props.channel}>{props.channel}</code>
          </p>
        )}
        {props.children}
      </WidgetFrame>
    );
  };
}
