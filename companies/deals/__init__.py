"""Quotes, assisted orders and contracts of business buyers (询价, 人工介入, 合同; issue 16 items 3 and 4, decision
0042): a `Deal` between one store and one company, from the buyer's request (or the store's opening) through the
store's prices, its manager's and the company's approvals and the buyer's acceptance, to the order checkout places
from it, and the contract both sides confirm."""
