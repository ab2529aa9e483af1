// Presenter mode's saved choice, applied by app/layout.tsx's inline script
// before the first paint (a server module: the layout cannot read a client one's constants).

export const PRESENTER_KEY = 'presenter';

export const PRESENTER_SCRIPT = `try{document.documentElement.classList.toggle('presenter',localStorage.getItem('${PRESENTER_KEY}')==='1')}catch(e){}`;
