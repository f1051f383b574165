"""The cart: lines a member means to buy, priced by the engine each time they are shown."""
