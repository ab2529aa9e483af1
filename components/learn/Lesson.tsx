'use client';

import { AtLeastOnce } from './AtLeastOnce';
import { FailureRecovery } from './FailureRecovery';
import { Invincible } from './Invincible';
import { RecoveryLatency } from './RecoveryLatency';

export function Lesson({ id }: { id: string }) {
  switch (id) {
    case 'invincible':
      return <Invincible />;
    case 'at-least-once':
      return <AtLeastOnce />;
    case 'failure-and-recovery':
      return <FailureRecovery />;
    case 'recovery-latency':
      return <RecoveryLatency />;
    default:
      return null;
  }
}
