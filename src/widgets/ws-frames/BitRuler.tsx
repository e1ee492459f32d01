import { bitsOf, hex2 } from './frame-bytes';

/** A field of a header byte: its name, how many bits it takes, and what its value means. */
export interface BitField {
  label: string;
  width: number;
  meaning?: string;
}

/**
 * One header byte as a ruler of 8 bits: the RFC's bit numbers on top, the bits grouped by field,
 * each field named, and the meaning of the multi-bit ones underneath.
 */
export function BitRuler(props: { index: number; byte: number; fields: BitField[] }) {
  const bits = bitsOf(props.byte);
  let start = 0;
  return (
    <div
      class="wsf-ruler"
      role="group"
      aria-label={`Byte ${props.index}: ${hex2(props.byte)} (${bits})`}
    >
      <div class="wsf-ruler__byte">
        Byte {props.index} · <code>{hex2(props.byte)}</code>
      </div>
      <div class="wsf-ruler__fields">
        {props.fields.map((field) => {
          const from = start;
          start += field.width;
          return (
            <div
              key={field.label}
              class="wsf-ruler__field"
              style={{ gridColumn: `span ${field.width}` }}
            >
              <span class="wsf-ruler__label">{field.label}</span>
              <span class="wsf-ruler__bits">
                {Array.from(bits.slice(from, start), (bit, i) => (
                  <span key={i} class="wsf-ruler__bit" data-bit={bit}>
                    <span class="wsf-ruler__n" aria-hidden="true">
                      {props.index * 8 + from + i}
                    </span>
                    {bit}
                  </span>
                ))}
              </span>
              {field.meaning && <span class="wsf-ruler__meaning">{field.meaning}</span>}
            </div>
          );
        })}
      </div>
    </div>
  );
}
