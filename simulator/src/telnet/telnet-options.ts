// Telnet option negotiation (RFC 854/855, with the loop rules of RFC 1143). The server offers ECHO and
// SUPPRESS-GO-AHEAD, agrees to the client suppressing go-ahead, and refuses everything else. It only ever
// answers a request that would change an option's state, so two sides can never ping-pong forever.

export const IAC = 255;
export const DONT = 254;
export const DO = 253;
export const WONT = 252;
export const WILL = 251;
export const SB = 250;
export const GA = 249;
export const EL = 248;
export const EC = 247;
export const AYT = 246;
export const SE = 240;
export const OPT_ECHO = 1;
export const OPT_SGA = 3;

type OptState = 'no' | 'yes' | 'wantyes';

/** The options this server will perform itself. */
const OURS = new Set([OPT_ECHO, OPT_SGA]);
/** The options this server lets the client perform. */
const THEIRS = new Set([OPT_SGA]);

export class TelnetOptions {
  private readonly us = new Map<number, OptState>();
  private readonly him = new Map<number, OptState>();

  /** The opening offer, sent on connect: IAC WILL ECHO, IAC WILL SUPPRESS-GO-AHEAD. */
  offer(): number[] {
    this.us.set(OPT_ECHO, 'wantyes');
    this.us.set(OPT_SGA, 'wantyes');
    return [IAC, WILL, OPT_ECHO, IAC, WILL, OPT_SGA];
  }

  /** True once the client has agreed (DO ECHO) that the server echoes. */
  echoing(): boolean {
    return this.us.get(OPT_ECHO) === 'yes';
  }

  /** Handles one DO/DONT/WILL/WONT and returns the reply bytes, often none. */
  receive(verb: number, opt: number): number[] {
    switch (verb) {
      case DO: {
        if (!OURS.has(opt)) {
          return [IAC, WONT, opt];
        }
        const was = this.us.get(opt) ?? 'no';
        this.us.set(opt, 'yes');
        return was === 'no' ? [IAC, WILL, opt] : [];
      }
      case DONT: {
        const was = this.us.get(opt) ?? 'no';
        this.us.set(opt, 'no');
        return was === 'yes' ? [IAC, WONT, opt] : [];
      }
      case WILL: {
        if (!THEIRS.has(opt)) {
          return [IAC, DONT, opt];
        }
        const was = this.him.get(opt) ?? 'no';
        this.him.set(opt, 'yes');
        return was === 'no' ? [IAC, DO, opt] : [];
      }
      case WONT: {
        const was = this.him.get(opt) ?? 'no';
        this.him.set(opt, 'no');
        return was === 'yes' ? [IAC, DONT, opt] : [];
      }
      default:
        return [];
    }
  }
}
