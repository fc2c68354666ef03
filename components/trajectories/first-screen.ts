/** Turns rendered on the server with the trajectory page (more load on scroll). */
export const TRAJECTORY_FIRST_SCREEN_TURNS = 30;
