import { describe, expect, it } from 'vitest';
import { TelnetCodec } from './telnet-codec.js';

const IAC = 255;

describe(TelnetCodec.name, () => {
  it('passes a chunk without IAC through untouched', () => {
    const chunk = Buffer.from('bs-0001> ');
    expect(new TelnetCodec().decode(chunk)).toBe(chunk);
  });

  it('strips the radio offer, refuses ECHO and accepts SUPPRESS-GO-AHEAD', () => {
    const codec = new TelnetCodec();
    const out = codec.decode(Buffer.from([IAC, 251, 1, IAC, 251, 3, ...Buffer.from('login: ')]));
    expect(out.toString()).toBe('login: ');
    expect(codec.reply).toEqual([IAC, 254, 1, IAC, 253, 3]);
  });

  it('answers each offer once, refuses DO, and keeps state across chunk boundaries', () => {
    const codec = new TelnetCodec();
    expect(codec.decode(Buffer.from([65, IAC])).toString()).toBe('A');
    expect(codec.decode(Buffer.from([253, 24, 66])).toString()).toBe('B');
    expect(codec.reply).toEqual([IAC, 252, 24]);
    codec.reply.length = 0;
    codec.decode(Buffer.from([IAC, 253, 24]));
    expect(codec.reply).toEqual([]);
  });

  it('skips subnegotiation and unescapes a doubled IAC', () => {
    const codec = new TelnetCodec();
    const out = codec.decode(Buffer.from([67, IAC, 250, 24, 1, IAC, 240, IAC, IAC, 68]));
    expect([...out]).toEqual([67, 255, 68]);
  });
});
