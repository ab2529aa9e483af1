// Placeholder home page; the real dashboard replaces it.
export default function Home() {
  return (
    <main className="mx-auto flex min-h-full max-w-3xl flex-col justify-center gap-3 p-8">
      <h1 className="text-3xl font-semibold tracking-tight">Durable Playground</h1>
      <p className="text-zinc-400">Durable execution of WebAssembly components.</p>
    </main>
  );
}
