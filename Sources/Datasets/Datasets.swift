// Dataset loaders.
import SpikingCore
