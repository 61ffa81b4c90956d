import type { RouteHandler } from './routes.js';
import { die } from '../core/errors.js';
const todo: RouteHandler = () => die('not implemented yet');
export const listRules = todo, createRule = todo, getRule = todo, setRule = todo, deleteRule = todo, getOptions = todo, setOptions = todo;
