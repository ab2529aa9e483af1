// A relayout boundary: a change inside it (a count ticking, a row added) is laid
// out there, not from the page's root. Contained for size and layout, not paint,
// so popovers, menus and focus rings are not clipped. Only a block child of its
// place is one: Chrome lays out a flex or grid item with its container,
// whatever its contain, so the element given this class sits in a block
// wrapper that gives it its size.

/** The class that makes a block child of a sized place a relayout boundary (see above). */
export const RELAYOUT_BOUNDARY = '[contain:size_layout_style]';
