"""After-sales (售后): refunds per line and quantity, returns, the store's decisions and the platform's arbitration."""
