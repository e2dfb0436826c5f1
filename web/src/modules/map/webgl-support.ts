// maplibre draws with WebGL 2. Headless Chromium with --disable-gpu still offers it through SwiftShader,
// but some locked-down browsers do not: the map screen must say so rather than throw.
export function webglUnavailableReason(): string | null {
  try {
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('webgl2');
    if (context) {
      context.getExtension('WEBGL_lose_context')?.loseContext();
      return null;
    }
    return 'This browser offers no WebGL 2, which the map needs to draw 10,000 radios.';
  } catch (error) {
    return `WebGL failed to start: ${error instanceof Error ? error.message : String(error)}`;
  }
}
