import { Suspense } from 'react';
import { CheckForm } from '@/components/checks/CheckForm';

export default function ChecksPage() {
  return (
    <Suspense>
      <CheckForm />
    </Suspense>
  );
}
