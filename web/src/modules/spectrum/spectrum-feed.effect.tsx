// Keeps the page's station store loaded and following the /ops feed while the page is open.
import { useEffect } from 'react';
import { useSpectrumStore } from './spectrum.context';

export function SpectrumFeedEffect() {
  const store = useSpectrumStore();
  useEffect(() => store.start(), [store]);
  return null;
}
