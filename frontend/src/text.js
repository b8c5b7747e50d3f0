/**
 * A time as the player's clocks show it, m:ss: whole seconds, rounded down, as jamwithme.text.mmss writes it on
 * the pages (2:12.9 is 2:12 everywhere). The transport's clock, its loop hint and the melody lane's clock read it.
 */
export const mmss = (seconds) => `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, "0")}`;
