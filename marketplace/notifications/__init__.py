"""The message centre (站内信) and the notifications sent from domain events: e-mail and SMS through the outbox
(decision 0017). Apps tell people through `services.notify` from the module that records their events."""
