/** The status colours of widgets.css (`tr-tone--<tone>`): yes, under way, a warning, a no. */
export type Tone = 'ok' | 'info' | 'warn' | 'bad';
