/** Browser side of Quiz.astro: checks answers, explains them, remembers them in localStorage. */
export {};
interface Saved {
  answers: (number | null)[];
  score: number;
}
const PREFIX = 'tiempo-real:quiz:';

for (const form of document.querySelectorAll<HTMLFormElement>('form[data-quiz]')) {
  const key = PREFIX + form.dataset.quiz;
  const fieldsets = [...form.querySelectorAll<HTMLFieldSetElement>('[data-quiz-question]')];
  const score = form.querySelector<HTMLElement>('[data-quiz-score]')!;

  const saved = load(key);
  if (saved && saved.answers.length === fieldsets.length) {
    saved.answers.forEach((answer, i) => {
      const input = answer === null ? null : radios(fieldsets[i]!)[answer];
      if (input) input.checked = true;
    });
    check();
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    check();
  });
  // A new choice makes the old verdict stale: clear it until the next check.
  form.addEventListener('change', (event) => {
    const fieldset = (event.target as HTMLElement).closest('fieldset');
    if (!fieldset) return;
    delete fieldset.dataset.result;
    fieldset.querySelectorAll('label').forEach((label) => delete label.dataset.mark);
    fieldset.querySelector('[data-quiz-feedback]')!.replaceChildren();
  });

  function check() {
    const answers = fieldsets.map((fieldset) => {
      const index = radios(fieldset).findIndex((r) => r.checked);
      return index === -1 ? null : index;
    });
    let right = 0;
    fieldsets.forEach((fieldset, i) => {
      const answer = answers[i];
      const options = radios(fieldset);
      const correct = options.findIndex((r) => r.hasAttribute('data-correct'));
      const feedback = fieldset.querySelector('[data-quiz-feedback]')!;
      fieldset.querySelectorAll('label').forEach((label) => delete label.dataset.mark);
      if (answer === null) {
        delete fieldset.dataset.result;
        feedback.replaceChildren(paragraph('Sin responder: elige una opción.', 'verdict'));
        return;
      }
      const ok = answer === correct;
      if (ok) right++;
      fieldset.dataset.result = ok ? 'right' : 'wrong';
      mark(options[correct]!, 'correct');
      if (!ok) mark(options[answer]!, 'wrong');
      feedback.replaceChildren(
        paragraph(ok ? '✓ Correcto.' : '✗ No es correcto.', 'verdict'),
        why(options[answer]!, ok ? null : ['Tu respuesta:']),
        ...(ok
          ? []
          : [why(options[correct]!, ['La correcta es «', optionText(options[correct]!), '»:'])]),
      );
    });
    score.textContent = `${right} de ${fieldsets.length} correctas.`;
    try {
      // No `satisfies` here: in a client <script> it makes the Astro 5.18 build hang.
      const saved: Saved = { answers, score: right };
      localStorage.setItem(key, JSON.stringify(saved));
    } catch {
      // Storage can be disabled (private mode, policies): the verdict still shows.
    }
  }
}

function radios(fieldset: HTMLFieldSetElement): HTMLInputElement[] {
  return [...fieldset.querySelectorAll<HTMLInputElement>('input[type=radio]')];
}

/** A paragraph with the option's explanation, after an optional bold lead-in. */
function why(input: HTMLInputElement, lead: (string | Node)[] | null): HTMLElement {
  const p = paragraph('');
  if (lead) {
    const strong = document.createElement('strong');
    strong.append(
      ...lead.flatMap((part): (string | Node)[] =>
        typeof part === 'string' ? [part] : cloneNodes(part),
      ),
    );
    p.append(strong, ' ');
  }
  // `data-why` holds the explanation as HTML, escaped at build time by `inline`.
  const html = document.createElement('template');
  html.innerHTML = input.dataset.why ?? '';
  p.append(html.content);
  return p;
}

function optionText(input: HTMLInputElement): Node {
  return input.closest('label')!.querySelector(':scope > span')!;
}

function mark(input: HTMLInputElement, how: 'correct' | 'wrong') {
  input.closest('label')!.dataset.mark = how;
}

function cloneNodes(parent: Node): Node[] {
  return [...parent.childNodes].map((node) => node.cloneNode(true));
}

function paragraph(text: string, className?: string): HTMLParagraphElement {
  const p = document.createElement('p');
  p.textContent = text;
  if (className) p.className = className;
  return p;
}

function load(key: string): Saved | null {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(key) ?? 'null');
    if (value && typeof value === 'object' && Array.isArray((value as Saved).answers)) {
      return value as Saved;
    }
  } catch {
    // Unreadable or disabled storage: start fresh.
  }
  return null;
}
