// After a change on the alerts page every list of the page is read again (one key covers them all).
import { useQueryClient } from '@tanstack/react-query';
import { alertKeys } from '../../api/queryKeys.ts';

export function useAlertsChanged(org: string): () => Promise<void> {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: alertKeys.all(org) });
}
