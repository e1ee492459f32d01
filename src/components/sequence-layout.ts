/** Geometry of a sequence diagram: where lifelines, arrows, labels and held bars go. */

export type StepKind = 'request' | 'response' | 'push' | 'held';

/** One arrow (or held bar) of a sequence diagram, as lessons write it. */
export interface SequenceStep {
  /** Actor index the arrow leaves from (for `held`: the lifeline that holds the request). */
  from: number;
  to: number;
  /** Arrow label; `\n` splits it into lines. */
  label: string;
  /** `request` solid (default), `response` dashed, `push` server-initiated, `held` a bar on `from`. */
  kind?: StepKind;
  /** A smaller, muted remark under the label. */
  note?: string;
}

/** A text line placed in the drawing. */
export interface Text {
  x: number;
  y: number;
  text: string;
  anchor: 'start' | 'middle' | 'end';
  note?: boolean;
}

/** A laid-out step: its shape (arrow, self-loop or nothing for `held`) and its texts. */
export interface Row {
  kind: StepKind;
  line?: { x1: number; x2: number; y: number };
  loop?: string;
  head?: string;
  texts: Text[];
}

export const FONT = 14;
export const NOTE_FONT = 12;
export const ACTOR_FONT = 15;
export const TOP = 48;
const LINE = 17;
const AXIS = 26;

const charWidth = (text: string, size: number) => text.length * size * 0.55;
const widest = (step: SequenceStep) =>
  Math.max(
    ...step.label.split('\n').map((l) => charWidth(l, FONT)),
    step.note ? charWidth(step.note, NOTE_FONT) : 0,
  );
const isSelf = (s: SequenceStep) => s.kind !== 'held' && s.from === s.to;

/** A filled triangle pointing along `dir` (+1 right, -1 left) with its tip at (x, y). */
export const arrowHead = (x: number, y: number, dir: number) =>
  `${x},${y} ${x - dir * 9},${y - 4.5} ${x - dir * 9},${y + 4.5}`;

/** Lays out the diagram; sizes are in SVG user units (≈ px at 100 %). */
export function layoutSequence(actors: string[], steps: SequenceStep[]) {
  // Horizontal: each gap between neighbouring lifelines fits the widest label crossing it.
  const boxWidth = actors.map((a) => Math.max(96, a.length * ACTOR_FONT * 0.62 + 24));
  const last = actors.length - 1;
  // Self-arrows loop to the right, except on the last lifeline (of several), where they mirror
  // to the left so the drawing does not grow wider than its arrows need.
  const mirrored = (i: number) => i === last && i > 0;
  const selfRoom = (i: number) =>
    Math.max(0, ...steps.filter((s) => isSelf(s) && s.from === i).map((s) => widest(s) + 48));
  const gaps = actors.slice(1).map((_, i) => {
    const crossing = steps.filter(
      (s) => s.kind !== 'held' && Math.min(s.from, s.to) <= i && Math.max(s.from, s.to) > i,
    );
    return Math.max(
      150,
      (boxWidth[i]! + boxWidth[i + 1]!) / 2 + 16,
      ...crossing.map((s) => widest(s) / Math.abs(s.to - s.from) + 28),
      mirrored(i) ? 0 : selfRoom(i),
      mirrored(i + 1) ? selfRoom(i + 1) : 0,
    );
  });
  const xs: number[] = [AXIS + boxWidth[0]! / 2 + 4];
  gaps.forEach((gap, i) => xs.push(xs[i]! + gap));
  const x = (i: number) => xs[i] ?? 0;
  const heldRoom = Math.max(
    0,
    ...steps.filter((s) => s.kind === 'held' && s.from === 0).map((s) => widest(s) + 50 - gaps[0]!),
  );
  const width = Math.ceil(
    x(last) + Math.max(boxWidth[last]! / 2 + 4, mirrored(last) ? 34 : selfRoom(last)) + heldRoom,
  );

  // Vertical: one band per step, label lines above the arrow, the note below it.
  let y = TOP + 14;
  const bands = steps.map((step) => {
    const kind = step.kind ?? 'request';
    const lines = step.label.split('\n');
    const noteLines = step.note ? 1 : 0;
    const top = y;
    const height =
      kind === 'held'
        ? Math.max(74, (lines.length + noteLines) * LINE + 30)
        : isSelf(step)
          ? Math.max(36, (lines.length + noteLines) * LINE + 10)
          : (lines.length + noteLines) * LINE + 28;
    const arrowY =
      kind === 'held' ? top + height / 2 : isSelf(step) ? top + 12 : top + lines.length * LINE + 6;
    y += height;
    return { step, kind, lines, top, height, arrowY };
  });
  const bottom = y + 8;

  const rows: Row[] = bands.map(({ step, kind, lines, arrowY, top }) => {
    const texts = (x0: number, y0: number, anchor: Text['anchor']): Text[] => [
      ...lines.map((text, i) => ({ x: x0, y: y0 + i * LINE, text, anchor })),
      ...(step.note
        ? [{ x: x0, y: y0 + lines.length * LINE, text: step.note, anchor, note: true }]
        : []),
    ];
    if (kind === 'held') {
      const left = step.from > 0;
      const y0 = arrowY - ((lines.length + (step.note ? 1 : 0)) * LINE) / 2 + 12;
      return { kind, texts: texts(x(step.from) + (left ? -16 : 16), y0, left ? 'end' : 'start') };
    }
    if (step.from === step.to) {
      const side = mirrored(step.from) ? -1 : 1;
      const x0 = x(step.from) + side * 6;
      return {
        kind,
        loop: `M${x0} ${arrowY - 8} h${side * 22} v16 h${side * -16}`,
        head: arrowHead(x0, arrowY + 8, -side),
        texts: texts(x0 + side * 30, arrowY - 4, side > 0 ? 'start' : 'end'),
      };
    }
    const dir = step.to > step.from ? 1 : -1;
    const tip = x(step.to) - dir * 7;
    const mid = (x(step.from) + x(step.to)) / 2;
    return {
      kind,
      line: { x1: x(step.from) + dir * 6, x2: tip - dir * 6, y: arrowY },
      head: arrowHead(tip, arrowY, dir),
      texts: [
        ...lines.map((text, i) => ({
          x: mid,
          y: top + i * LINE + 8,
          text,
          anchor: 'middle' as const,
        })),
        ...(step.note
          ? [
              {
                x: mid,
                y: arrowY + LINE + 1,
                text: step.note,
                anchor: 'middle' as const,
                note: true,
              },
            ]
          : []),
      ],
    };
  });

  // A held bar runs from the arrow just before it to the arrow just after it, where they exist.
  const bars = bands.flatMap((band, i) => {
    if (band.kind !== 'held') return [];
    const prev = bands[i - 1];
    const next = bands[i + 1];
    const y1 = prev ? prev.arrowY : band.top;
    return [
      {
        x: x(band.step.from) - 6,
        y: y1,
        height: (next ? next.arrowY : band.top + band.height) - y1,
      },
    ];
  });

  const lifelines = actors.map((name, i) => ({ name, x: x(i), boxWidth: boxWidth[i]! }));
  const description = bands
    .map(({ step, kind }, i) => {
      const label = step.label.replace(/\n/g, ' ');
      return kind === 'held'
        ? `${i + 1}. ${actors[step.from]} retiene la petición: ${label}`
        : `${i + 1}. ${actors[step.from]} → ${actors[step.to]}: ${label}`;
    })
    .join('. ');

  return { width, height: bottom + 6, bottom, lifelines, rows, bars, description };
}
