// Dependencies shared by the discovery fixtures.
import { ok, err, type AsyncResult } from 'awaitly';

export interface User { id: string; name: string }
export interface Post { id: string; title: string }

export const fetchUser = async (id: string): AsyncResult<User, 'NOT_FOUND'> => (id ? ok({ id, name: 'Ada' }) : err('NOT_FOUND'));
export const fetchPosts = async (userId: string): AsyncResult<Post[], 'POSTS_DOWN'> => ok([{ id: `${userId}-1`, title: 'Hello' }]);
export const sendEmail = async (to: string): AsyncResult<{ sent: true; to: string }, 'SMTP'> => ok({ sent: true, to });
