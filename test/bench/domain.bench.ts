import { normaliseEmail } from '../../packages/domain/src';
console.log(normaliseEmail('a@b.c'));
