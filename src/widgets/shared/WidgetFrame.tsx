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
