// Presets and sessions.
import SpikingCore
