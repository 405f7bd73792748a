import { PassThrough } from 'node:stream';
import type { Prompt } from './confirm-batch';
import { confirmBatch } from './confirm-batch';

/** A terminal (or not) whose output the test reads and whose keyboard it types on once the question is shown. */
function terminal(isTTY: boolean): Prompt & { shown: () => string; type: (text: string) => void; hangUp: () => void } {
  const input = Object.assign(new PassThrough(), { isTTY });
  const output = new PassThrough();
  let shown = '';
  output.on('data', (chunk) => (shown += chunk));
  return {
    input,
    output,
    shown: () => shown,
    type: (text) => input.write(text),
    hangUp: () => input.end(),
  };
}

async function untilAsked(prompt: { shown: () => string }): Promise<void> {
  while (!prompt.shown().includes('Type the tenant to confirm:')) await new Promise((resolve) => setImmediate(resolve));
}

describe('confirmBatch', () => {
  it('asks for the tenant on a terminal and goes ahead when it is typed', async () => {
    const prompt = terminal(true);
    const answer = confirmBatch({ count: 3, tenantId: 'pb.amritsar', yes: false }, prompt);
    await untilAsked(prompt);
    prompt.type('pb.amritsar\n');
    await expect(answer).resolves.toEqual({ confirmed: true });
    expect(prompt.shown()).toBe('Erase 3 users of tenant pb.amritsar? Type the tenant to confirm: ');
  });

  it('takes the tenant with the spaces around it a terminal may add', async () => {
    const prompt = terminal(true);
    const answer = confirmBatch({ count: 1, tenantId: 'pb', yes: false }, prompt);
    await untilAsked(prompt);
    prompt.type('  pb \n');
    await expect(answer).resolves.toEqual({ confirmed: true });
    expect(prompt.shown()).toBe('Erase 1 user of tenant pb? Type the tenant to confirm: ');
  });

  it.each([['y\n'], ['yes\n'], ['pb.amritsar\n'], ['PB\n'], ['\n']])(
    'erases nobody when %j is typed instead of the tenant',
    async (typed) => {
      const prompt = terminal(true);
      const answer = confirmBatch({ count: 2, tenantId: 'pb', yes: false }, prompt);
      await untilAsked(prompt);
      prompt.type(typed);
      await expect(answer).resolves.toEqual({ confirmed: false, reason: 'not confirmed: nobody was erased' });
    },
  );

  it('erases nobody when the input ends before an answer (Ctrl-D)', async () => {
    const prompt = terminal(true);
    const answer = confirmBatch({ count: 2, tenantId: 'pb', yes: false }, prompt);
    await untilAsked(prompt);
    prompt.hangUp();
    await expect(answer).resolves.toEqual({ confirmed: false, reason: 'not confirmed: nobody was erased' });
  });

  it('refuses without a terminal, asking nothing, unless --yes was given', async () => {
    const prompt = terminal(false);
    await expect(confirmBatch({ count: 2, tenantId: 'pb', yes: false }, prompt)).resolves.toEqual({
      confirmed: false,
      reason: 'stdin is no terminal to confirm on: give --yes to erase the users in the file',
    });
    await expect(confirmBatch({ count: 2, tenantId: 'pb', yes: true }, prompt)).resolves.toEqual({ confirmed: true });
    expect(prompt.shown()).toBe('');
  });

  it('does not ask when --yes was given on a terminal either', async () => {
    const prompt = terminal(true);
    await expect(confirmBatch({ count: 2, tenantId: 'pb', yes: true }, prompt)).resolves.toEqual({ confirmed: true });
    expect(prompt.shown()).toBe('');
  });
});
