"""What can be set: scenario (the business), policy (the firm's levers), behaviour (how people respond), run; presets and their resolution."""
