/**
 * Every vitest file runs with stored rows deep-frozen (`Collection.freezeRows`): the reference server's rule that
 * rows are replaced, never changed in place, is then checked by every test that writes — a change in place throws
 * and the request fails — rather than trusted. The flush copies unchanged records from the file by that rule.
 */
import { Collection } from '../../mock-server/collection.js'

Collection.freezeRows = true
