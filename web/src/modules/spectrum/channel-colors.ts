// One colour per channel, the same on the map, in its legend and beside the channel number in the table.
// Hues step by the golden angle, so neighbouring channel numbers (the ones that interfere) never look
// alike. Colour is never the only cue: the number is always written next to it.
const GOLDEN_ANGLE = 137.508;

export function channelHue(channel: number): number {
  return (((channel * GOLDEN_ANGLE) % 360) + 360) % 360;
}

/** Light enough for dark text on it, in both themes. */
export function channelColor(channel: number): string {
  return `hsl(${channelHue(channel).toFixed(1)}, 72%, 62%)`;
}
