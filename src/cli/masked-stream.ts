// Every byte Phoenix prints goes through mask(): secret values given by reference never reach a terminal or a pipe.
import { mask } from '../runner/secrets.js';

export function maskedStream(s: NodeJS.WriteStream): NodeJS.WriteStream {
  return new Proxy(s, {
    get(target, prop, receiver) {
      if (prop === 'write') {
        return (chunk: unknown, ...rest: unknown[]) =>
          (target.write as (...a: unknown[]) => boolean).call(target, typeof chunk === 'string' || Buffer.isBuffer(chunk) ? mask(String(chunk)) : chunk, ...rest);
      }
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
