import { normaliseCustomer } from '@leadflow/domain';
for (const p of ['+442072590507', '+442079460000', '+442079460001', '+442079460002', '+442079460003'])
  console.log(p, normaliseCustomer({ firstName: null, lastName: null, email: null, phone: p, country: 'GB', company: null, title: null }).phone);
