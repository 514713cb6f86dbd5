// Small, strict argument parsing shared by the subcommands.  We avoid a
// dependency: the interfaces are fixed (other tools call them) and short.

export type Subcommand = (argv: string[]) => Promise<number>;

export function usageError(msg: string, helpHint: string): number {
  process.stderr.write(`qapi-ts: ${msg}\nTry '${helpHint}' for more information.\n`);
  return 1;
}

export interface OptionSpec {
  /** Flags without a value, e.g. --legacy. */
  readonly flags: readonly string[];
  /** Options taking a value, e.g. -o DIR; repeatable ones collect all values. */
  readonly values?: readonly string[];
  /** Aliases, e.g. { "-u": "--unmask" }. */
  readonly aliases?: Readonly<Record<string, string>>;
}

export interface ParsedArgs {
  readonly flags: Set<string>;
  readonly values: Map<string, string[]>;
  readonly positional: string[];
}

/** Parses argv; returns an error message string on bad usage. */
export function parseArgs(argv: readonly string[], spec: OptionSpec): ParsedArgs | string {
  const flags = new Set<string>();
  const values = new Map<string, string[]>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i]!;
    let inline: string | undefined;
    if (arg.startsWith("--") && arg.includes("=")) {
      inline = arg.slice(arg.indexOf("=") + 1);
      arg = arg.slice(0, arg.indexOf("="));
    }
    arg = spec.aliases?.[arg] ?? arg;
    if (arg === "--") {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (spec.flags.includes(arg) && inline === undefined) {
      flags.add(arg);
    } else if (spec.values?.includes(arg)) {
      const v = inline ?? argv[++i];
      if (v === undefined) {
        return `option '${arg}' requires an argument`;
      }
      values.set(arg, [...(values.get(arg) ?? []), v]);
    } else if (arg.startsWith("-") && arg !== "-") {
      return `unrecognized option '${arg}'`;
    } else {
      positional.push(arg);
    }
  }
  return { flags, values, positional };
}
