// Id shapes both revisions share (api-facts 0.4): a prefix and 32 lowercase hex digits.
export const CUSTOMER_ID = /^cust_[0-9a-f]{32}$/;
export const CREDIT_OFFER_ID = /^co_[0-9a-f]{32}$/;
export const SIMULATION_ID = /^sim_[0-9a-f]{32}$/;
