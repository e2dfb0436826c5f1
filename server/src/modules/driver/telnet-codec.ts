// Telnet framing for the driver's side of a session (RFC 854/855): strips IAC commands from the byte
// stream and answers option offers - yes to SUPPRESS-GO-AHEAD, no to everything else, ECHO included, so
// replies arrive without an echo of the command.
const IAC = 255;
const DONT = 254;
const DO = 253;
const WONT = 252;
const WILL = 251;
const SB = 250;
const SE = 240;
const OPT_SGA = 3;

type IacState = 'data' | 'iac' | 'option' | 'sb' | 'sb-iac';

export class TelnetCodec {
  private iacState: IacState = 'data';
  private iacVerb = 0;
  private readonly answered = new Set<number>();
  /** Replies owed to the peer; the owner writes and clears them after each decode. */
  readonly reply: number[] = [];

  /** Strips telnet commands from a chunk and answers option offers: yes to SUPPRESS-GO-AHEAD, no to all else. */
  decode(chunk: Buffer): Buffer {
    if (this.iacState === 'data' && chunk.indexOf(IAC) < 0) {
      return chunk;
    }
    const out = Buffer.allocUnsafe(chunk.length);
    let n = 0;
    for (const b of chunk) {
      switch (this.iacState) {
        case 'data':
          if (b === IAC) {
            this.iacState = 'iac';
          } else {
            out[n++] = b;
          }
          break;
        case 'iac':
          if (b === IAC) {
            out[n++] = b;
            this.iacState = 'data';
          } else if (b === DO || b === DONT || b === WILL || b === WONT) {
            this.iacVerb = b;
            this.iacState = 'option';
          } else {
            this.iacState = b === SB ? 'sb' : 'data';
          }
          break;
        case 'option':
          this.answer(this.iacVerb, b);
          this.iacState = 'data';
          break;
        case 'sb':
          if (b === IAC) {
            this.iacState = 'sb-iac';
          }
          break;
        case 'sb-iac':
          this.iacState = b === SE ? 'data' : 'sb';
          break;
      }
    }
    return out.subarray(0, n);
  }

  /** Answers each (verb, option) once, so two sides can never loop (RFC 1143's concern, simply met). */
  private answer(verb: number, opt: number): void {
    const key = (verb << 8) | opt;
    if (this.answered.has(key) || verb === WONT || verb === DONT) {
      return;
    }
    this.answered.add(key);
    if (verb === WILL) {
      this.reply.push(IAC, opt === OPT_SGA ? DO : DONT, opt);
    } else {
      this.reply.push(IAC, WONT, opt);
    }
  }
}
