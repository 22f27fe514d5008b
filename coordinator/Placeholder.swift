import ArgumentParser
import ConfideStore
import Logging
