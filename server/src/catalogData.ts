/** The catalogue shipped with the extension: the JSON files of `catalog/`, bundled by esbuild. */
import basic from '../../catalog/basic-codes.json';
import classes from '../../catalog/classes.json';
import enhanced from '../../catalog/enhanced-codes.json';
import provider from '../../catalog/provider-codes.json';
import type { BasicEntry, CatalogData, EnhancedEntry, ProviderEntry } from './service/catalogTypes';

export const catalogData: CatalogData = {
  basic: basic as BasicEntry[],
  enhanced: enhanced as EnhancedEntry[],
  provider: provider as ProviderEntry[],
  ...(classes as Pick<CatalogData, 'basicClasses' | 'basicCategories' | 'enhancedClasses' | 'enhancedSubjects'>),
};
