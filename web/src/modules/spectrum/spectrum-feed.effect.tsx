// Keeps the page's stores (stations, fleet re-plan) loaded and following the /ops feed while the page is
// open.
import { useEffect } from 'react';
import { useReplanStore } from './replan.context';
import { useSpectrumStore } from './spectrum.context';

export function SpectrumFeedEffect() {
  const store = useSpectrumStore();
  const replan = useReplanStore();
  useEffect(() => store.start(), [store]);
  useEffect(() => replan.start(), [replan]);
  return null;
}
