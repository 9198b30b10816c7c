"""The guided tour's parts: the spotlight that rings a widget and the card that explains it."""
