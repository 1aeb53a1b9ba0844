// A controllable clock for a service under test, loaded with `node --require` (see testClock.ts, which writes that file): the
// process's wall clock runs `offset` ms ahead of the real one, the offset read from the file named by
// LEADFLOW_TEST_CLOCK_FILE every 50 ms. Only `Date` moves; timers keep real time, so a test can jump a
// day ahead and the services' scanners see it at their next tick.
'use strict';
const { readFileSync } = require('node:fs');

const file = process.env.LEADFLOW_TEST_CLOCK_FILE;
if (file) {
  const RealDate = Date;
  let offset = 0;
  const read = () => {
    try {
      const value = Number(readFileSync(file, 'utf8').trim());
      if (Number.isFinite(value)) offset = value;
    } catch {
      // not written yet: real time
    }
  };
  read();
  setInterval(read, 50).unref();
  class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...args);
    }
    static now() {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = ShiftedDate;
}
